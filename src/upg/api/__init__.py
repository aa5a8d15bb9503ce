"""The GraphQL API: Strawberry types mapped from the model, over the service layer, on Starlette.

`create_app(settings)` (in `upg.api.app`) builds the ASGI app; `upg serve` runs it with uvicorn.
"""
