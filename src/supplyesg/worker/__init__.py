"""Background jobs on the Huey queue engine: what each kind of job runs, and the queue itself.

This layer sits over the reports and the services (a job rates a quarter or builds a report)
and under the adapters, which ask for jobs (`kinds.request_...`) and run the workers
(`supplyesg worker`).
"""
