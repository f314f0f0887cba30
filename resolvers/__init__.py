"""What the API's fields do: read and write the graph through the store interface."""
