"""The reception (受理) tab: the form, the case view, fees, documents, drafts."""
