"""gongkai (公开): supervision of government websites and government information disclosure."""

__version__ = "0.1.0"
