"""tabapp."""
