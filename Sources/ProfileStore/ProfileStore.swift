// ProfileStore: see DESIGN §1.
