// DelimitedText: see DESIGN §1.
