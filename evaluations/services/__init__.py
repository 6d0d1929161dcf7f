"""Writes of the evaluations app, by concern: ``obligations`` (the daily
job), and the filings, reviews and decisions of units after establishment."""
