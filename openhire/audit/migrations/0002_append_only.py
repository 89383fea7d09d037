from django.db import migrations

from openhire.audit.append_only import install, uninstall


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(install, uninstall, elidable=False)]
