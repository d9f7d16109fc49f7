// LDIF: see DESIGN §1.
