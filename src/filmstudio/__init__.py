"""AI Film Studio: a script in, a finished film out."""

__version__ = "0.1.0"
