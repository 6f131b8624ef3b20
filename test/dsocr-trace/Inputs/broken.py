"""A model file that fails while it is read."""
raise ValueError("this file is broken on purpose")
