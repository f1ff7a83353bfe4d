"""Model back-ends behind small interfaces, so a stronger one can be plugged in later."""
