"""Pages written for the tests, in shapes the seeds do not have."""

# Masthead, kind/date label above the headline, headline, body, a donation appeal.
PRESS_RELEASE = """Riverside Tenants Union

Press release: 3 March 2021

Rents up 40% since 2015, tenants' union says

The Riverside Tenants Union said rents in the borough had risen by 40% since 2015.

“Families are paying three times as much as they did a decade ago,” said Maria Lopez, the union’s chair. “We will not accept another increase.”

A council spokesperson said: "The council has built 300 new homes since 2018."

Donate now to support our work
"""
