"""What readers who left an email are told, and how long their address is kept."""
