"""The request side: sign-in and roles, the parsing path, htmx, live lists, errors, language, limits,
headers, static assets, uploads and exports."""
