"""Qt item models over the vault; they fetch through the Session, never on the GUI thread."""
