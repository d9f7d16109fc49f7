// Reports: see DESIGN §1.
