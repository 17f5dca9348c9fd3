"""The Comprimato side: the REST API client, its stream model and its errors. No Qt."""
