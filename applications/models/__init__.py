"""Application models; filled in by the applications issue."""
