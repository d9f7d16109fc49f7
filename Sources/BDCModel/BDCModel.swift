// BDCModel: see DESIGN §1.
