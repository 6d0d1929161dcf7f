"""Failed sign-ins and locked accounts, for administrators: the records
django-axes keeps (AccessFailureLog, AccessAttempt) on staff screens, and
unlocking an account through axes' own API. Uses only auth and axes."""
