"""Who is asking: API tokens and the viewer they stand for."""
