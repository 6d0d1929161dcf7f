"""Evaluation models; filled in by the obligations issue."""
