"""Files or crawled pages -> Practice records."""
