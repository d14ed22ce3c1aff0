"""Reports: report data, figures and rendering (HTML, PDF)."""
