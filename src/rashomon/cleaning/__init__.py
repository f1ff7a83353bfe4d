"""Cleaning: from decoded input to the display text, and the matching key."""
