"""Views: subgraphs, layouts, pages, exports and the gallery."""
