"""JSON API of this part, mounted under /api/v1/ by adaldyq.api."""

from ninja import Router

router = Router()
