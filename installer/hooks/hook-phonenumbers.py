# Overrides the contrib hook, which collects every phonenumbers submodule: the app only parses and
# formats numbers, so the geocoder, carrier and time-zone tables (43 MB of modules) stay out.
from PyInstaller.utils.hooks import collect_submodules

UNUSED = ("phonenumbers.geocoder", "phonenumbers.geodata", "phonenumbers.carrier", "phonenumbers.carrierdata",
          "phonenumbers.timezone", "phonenumbers.tzdata")

hiddenimports = collect_submodules("phonenumbers", filter=lambda name: not name.startswith(UNUSED))
