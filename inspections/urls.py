app_name = "inspections"
urlpatterns: list = [
    # Inspection records (plans, rounds, visits, findings) -------------------
    # Notices (drafting, review, issue, register) ---------------------------
    # PDF, verification, print ----------------------------------------------
]
