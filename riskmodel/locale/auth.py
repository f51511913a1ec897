"""Strings of sign-in, sign-out and roles."""

STRINGS = {
    "auth.not_signed_in": ("Du er ikke logget ind.", "You are not signed in."),
    "auth.bad_mode": ("Ukendt login-tilstand '{mode}'. Brug en af: {modes}.", "Unknown sign-in mode '{mode}'. Use one of: {modes}."),
    "auth.none_refused_title": ("Log-in er slået fra på denne server", "Sign-in is turned off on this server"),
    "auth.none_not_direct": (
        "Værktøjet kører uden login. Så må det kun bruges i en browser på selve serveren, der åbner "
        "http://localhost eller http://127.0.0.1 direkte. Denne forbindelse kommer gennem en proxy eller under et "
        "andet navn, så den kan komme fra en anden maskine. Intet vises.",
        "The workbench runs without sign-in. Then it may only be used in a browser on the server itself that opens "
        "http://localhost or http://127.0.0.1 directly. This connection comes through a proxy or under another name, "
        "so it may come from another machine. Nothing is shown.",
    ),
    "auth.all_addresses": ("alle netværksadresser", "every network address"),
    "auth.none_not_local": (
        "Værktøjet kører uden login, men serveren lytter på {address}. Uden login må det kun køre på denne maskine "
        "(127.0.0.1), så ingen andre kan se kommunens svagheder. Intet vises.",
        "The workbench runs without sign-in, but the server listens on {address}. Without sign-in it may only run on "
        "this machine (127.0.0.1), so nobody else can see the municipality's weak spots. Nothing is shown.",
    ),
    "auth.how_to_configure": (
        "Slå login til med `RISK_AUTH=local` (brugere i databasen, opret dem med `python -m riskmodel users add`) eller "
        "`RISK_AUTH=oidc` (kommunens identitetsudbyder, fx Microsoft Entra ID, sat op i `.streamlit/secrets.toml`). "
        "Eller start på localhost: `streamlit run app.py --server.address 127.0.0.1`.",
        "Turn on sign-in with `RISK_AUTH=local` (users in the database, created with `python -m riskmodel users add`) or "
        "`RISK_AUTH=oidc` (the municipality's identity provider, e.g. Microsoft Entra ID, set up in "
        "`.streamlit/secrets.toml`). Or start on localhost: `streamlit run app.py --server.address 127.0.0.1`.",
    ),
    "auth.no_users": (
        "Der er ingen brugere endnu. Opret den første koordinator på serveren med kommandoen herunder.",
        "There are no users yet. Create the first coordinator on the server with the command below.",
    ),
    "auth.audit_key_missing": (
        "Revisionssporets nøgle mangler, så Risikoværkstedet starter ikke. Med login skal nøglen ligge uden for "
        "databasen: sæt `{env}=/sti/til/nøglefil` eller `key_file` under `[audit]` i `.streamlit/secrets.toml`. "
        "Lav nøglen med `python -c \"import secrets; print(secrets.token_hex(32))\" > /sti/til/nøglefil` og "
        "`chmod 600 /sti/til/nøglefil`.",
        "The audit trail's key is missing, so the workbench does not start. With sign-in the key must be kept outside "
        "the database: set `{env}=/path/to/keyfile` or `key_file` under `[audit]` in `.streamlit/secrets.toml`. "
        "Make the key with `python -c \"import secrets; print(secrets.token_hex(32))\" > /path/to/keyfile` and "
        "`chmod 600 /path/to/keyfile`.",
    ),
    "auth.sign_in_refused": (
        "Forkert brugernavn eller adgangskode, eller kontoen er midlertidigt låst efter for mange forsøg. "
        "Prøv igen senere (op til {minutes} minutter), eller bed koordinatoren om en ny adgangskode.",
        "Wrong username or password, or the account is locked for a while after too many attempts. "
        "Try again later (up to {minutes} minutes), or ask the coordinator for a new password.",
    ),
    "auth.sign_in": ("Log ind", "Sign in"),
    "auth.username": ("Brugernavn", "Username"),
    "auth.password": ("Adgangskode", "Password"),
    "auth.sign_in_button": ("Log ind", "Sign in"),
    "auth.sign_out": ("Log ud", "Sign out"),
    "auth.signed_out": ("Du er logget ud.", "You are signed out."),
    "auth.idle_out": (
        "Du er logget ud efter {minutes} min. uden aktivitet. Log ind igen.",
        "You were signed out after {minutes} min. without activity. Sign in again.",
    ),
    "auth.oidc_no_secret": (
        "Login via identitetsudbyder er valgt, men `.streamlit/secrets.toml` mangler afsnittet [auth] med "
        "cookie_secret, redirect_uri, client_id, client_secret og server_metadata_url. Se "
        "`.streamlit/secrets.example.toml`.",
        "Sign-in through an identity provider is chosen, but `.streamlit/secrets.toml` lacks the [auth] section with "
        "cookie_secret, redirect_uri, client_id, client_secret and server_metadata_url. See "
        "`.streamlit/secrets.example.toml`.",
    ),
    "auth.oidc_button": ("Log ind med kommunens konto", "Sign in with your municipal account"),
    "auth.oidc_unknown": (
        "{email} er ikke oprettet som bruger af Risikoværkstedet. Bed informationssikkerhedskoordinatoren om adgang.",
        "{email} is not a user of the workbench. Ask the security coordinator for access.",
    ),
    "auth.oidc_other_subject": (
        "Kontoen for {email} er knyttet til en anden person hos kommunens identitetsudbyder end den, der loggede ind "
        "nu. Er e-mailadressen givet videre, skal informationssikkerhedskoordinatoren oprette en ny bruger eller "
        "nulstille kontoens tilknytning.",
        "The account of {email} is bound to another person at the municipality's identity provider than the one "
        "who signed in now. If the address has been passed on, the security coordinator must create a new user or "
        "reset the account's binding.",
    ),
    "auth.oidc_no_subject": (
        "Identitetsudbyderens login siger ikke, hvem personen er (claims 'iss' og 'sub' eller 'tid' og 'oid' "
        "mangler). Bed it-driften tjekke opsætningen af appen hos udbyderen.",
        "The identity provider's sign-in does not say who the person is (claims 'iss' and 'sub' or 'tid' and 'oid' "
        "are missing). Ask IT operations to check the app's setup at the provider.",
    ),
    "auth.oidc_wrong_audience": (
        "Identitetsudbyderens login er ikke udstedt til Risikoværkstedet (tokenets modtager er en anden app). "
        "Log ud, og log ind igen fra Risikoværkstedet.",
        "The identity provider's sign-in was not issued to the workbench (the token is for another app). "
        "Sign out, and sign in again from the workbench.",
    ),
    "value.role.koordinator": ("Koordinator", "Coordinator"),
    "value.role.leder": ("Leder / systemejer", "Manager / system owner"),
    "value.role.udvalgsformand": ("Udvalgsformand", "Committee chair"),
    "value.role.udvalgsmedlem": ("Udvalgsmedlem", "Committee member"),
    "value.role.revisor": ("Revisor", "Auditor"),
    "value.role.deltager": ("Workshopdeltager", "Workshop participant"),
}

STRINGS.update({
    "history.empty": ("Ingen ændringer endnu.", "No changes yet."),
    "history.col.at": ("Tidspunkt", "Time"),
    "history.col.actor": ("Hvem", "Who"),
    "history.col.action": ("Handling", "Action"),
    "history.col.what": ("Hvad", "What"),
    "history.col.field": ("Felt", "Field"),
    "history.col.before": ("Før", "Before"),
    "history.col.after": ("Efter", "After"),
    "history.action.create": ("Oprettet", "Created"),
    "history.action.update": ("Ændret", "Changed"),
    "history.action.demo": ("Demodata", "Demo data"),
    "history.action.retire": ("Udfaset", "Retired"),
    "history.action.reactivate": ("Genaktiveret", "Reactivated"),
    "history.action.add_threat": ("Trussel tilføjet", "Threat added"),
    "history.action.add_custom_threat": ("Egen trussel tilføjet", "Custom threat added"),
    "history.action.remove_line": ("Trussel fjernet", "Threat removed"),
})
