from django.db import migrations, models


def mailbox_of_each_address(apps, schema_editor):
    from corrigenda.readers.selectors import mailbox_of

    ReaderAddress = apps.get_model("readers", "ReaderAddress")
    for address in ReaderAddress.objects.only("pk", "email").iterator():
        ReaderAddress.objects.filter(pk=address.pk).update(mailbox=mailbox_of(address.email))


class Migration(migrations.Migration):

    dependencies = [
        ("readers", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="readeraddress",
            name="mailbox",
            field=models.CharField(
                db_index=True,
                default="",
                help_text="The mailbox the address reaches (readers.selectors.mailbox_of), on any site.",
                max_length=254,
            ),
            preserve_default=False,
        ),
        migrations.RunPython(mailbox_of_each_address, migrations.RunPython.noop),
    ]
