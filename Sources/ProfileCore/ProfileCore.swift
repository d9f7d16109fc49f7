// ProfileCore: see DESIGN §1.
