"""The model: kinds and labels, names, descriptions, search and counts."""
