"""Qt item models over the core's immutable results."""
