"""Console pages of the jobs app (thin: access → service → render)."""
