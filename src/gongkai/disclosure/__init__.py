"""The disclosure-application engine (依申请公开): statutory clock, fees and the annual table 三.

Pure Python, no Django: the registers app (gongkai.registers) stores the requests and calls this
package; ``gongkai applications clock`` runs it straight from the console (registers-contract §1).

- :mod:`gongkai.disclosure.clock` — reply, extension, correction and payment deadlines.
- :mod:`gongkai.disclosure.fees` — the fee tiers of 国办函〔2020〕109号.
- :mod:`gongkai.disclosure.annual_table` — table 三 of the annual report (国办公开办函〔2021〕30号).
"""
