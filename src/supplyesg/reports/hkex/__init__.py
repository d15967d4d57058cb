"""The HKEX ESG report: inputs from the services, figures, tables and the content model."""
