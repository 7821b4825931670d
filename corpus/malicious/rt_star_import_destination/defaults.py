"""Defaults."""
EXPORT_DIR = "/net/fileserver/exports"
