"""Code every domain shares: time, settings, form errors and validators,
French formatting, paging and the UI kit. Imports no domain."""
