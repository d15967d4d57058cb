"""The supply chain ESG report for stakeholders (manual sections 7 and 8)."""
