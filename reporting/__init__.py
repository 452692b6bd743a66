"""Report rendering: report.json model, the reviewer's HTML page, the batch overview, history, atomic output."""
