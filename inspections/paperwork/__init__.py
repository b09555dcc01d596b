"""The round's paperwork: every outgoing document of an inspection round (issue 13).

One life for all kinds (draft → review → approve and sign → number and issue → frozen) lives
in the notice's services (services/notices.py, lifecycle.py, issuing.py, signing.py); this
package holds what each kind has of its own:

- kinds.py: type name, symbol, register kind, body structure and signatories per kind;
- compose.py: the composed parts every composer returns, and the shared wording helpers;
- plan.py, decision.py, schedule.py, minutes.py, report.py: the composers, one per kind, each
  drafting its document from the records (the notice of results: inspections/composer.py);
- citations.py: the citation record of a document issued here, so later documents cite it by
  its real number and date.
"""
