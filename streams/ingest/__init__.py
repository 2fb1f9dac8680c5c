"""Reading articles from files: the shared front end of `figwatch replay` and `figwatch produce`."""
