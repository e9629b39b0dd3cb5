"""The Flask app: HTML pages, JSON API, templates, static files."""
