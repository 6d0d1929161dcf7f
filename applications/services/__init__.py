"""Writes of the applications app, one module per entity: accounts,
drafts and materials, submission, transitions, review, experts, candidate
lists, publicity and objections. Import from the module."""
