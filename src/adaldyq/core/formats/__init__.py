"""Django's own date and number formats, set to agree with `adaldyq.core.formatting`.

Pages format through `core.formatting`; these modules cover what Django renders by
itself (the admin, form widgets, a date printed without a filter), so that nothing
shows "." as the decimal mark in Kazakh or a "г." that ends a sentence as "г..".
"""
