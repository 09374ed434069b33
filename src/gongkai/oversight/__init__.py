"""The audit log's events (models, ``events.record``) and sign-in rate limiting, low in the stack so
any app may record an event. The pages that show them live in web, api and circulars."""
