"""vitheads."""
