"""Reports: a pure content model per report, rendered to HTML, PDF, XLSX and DOCX."""
