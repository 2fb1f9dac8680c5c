"""The analysts' figure timeline page: shared JSON views, static assets and the two servers."""
