# Snapshot cmdlets and the contract's pipelines against the real emulator.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Aura.TestHarness.psm1') -Force
    Import-Module (Get-AuraTestModulePath) -Force
    $script:emu = Start-AuraTestSession -SnapshotSeconds 1.5

    function Get-LogSpanSeconds($log) {
        $times = $log | ForEach-Object { [DateTimeOffset]::Parse($_.time, [cultureinfo]::InvariantCulture) } | Sort-Object
        ($times[-1] - $times[0]).TotalSeconds
    }
}

AfterAll { Stop-AuraTestSession $script:emu }

Describe 'The contract pipelines' {
    BeforeEach { Reset-Emulator }

    It 'Get-AuraInstance -Name prod-* | New-AuraSnapshot -Wait | Restore-AuraSnapshot -Name { "$($_.InstanceId)-copy" }' {
        $copies = Get-AuraInstance -Name 'prod-*' | New-AuraSnapshot -Wait | Restore-AuraSnapshot -Name { "$($_.InstanceId)-copy" }
        $copies.Count | Should -Be 3
        $copies.Name | Sort-Object | Should -Be @('a1b2c3d4-copy', 'b2c3d4e5-copy', 'c3d4e5f6-copy')
        $copies | ForEach-Object { $_.PSObject.TypeNames[0] | Should -Be 'Neo4jAura.AuraInstance' }
        $copies | ForEach-Object { $_.Credential | Should -BeOfType [pscredential] }
        $source = Get-AuraInstance -InstanceId 'b2c3d4e5'
        $copy = $copies | Where-Object Name -eq 'b2c3d4e5-copy'
        $copy.Region | Should -Be $source.Region
        $copy.Memory | Should -Be $source.Memory
        $copy.Type | Should -Be $source.Type
    }

    It 'Get-AuraInstance | Where-Object Status -eq running | Suspend-AuraInstance -WhatIf' {
        Clear-AuraEmulatorRequestLog $emu
        Get-AuraInstance | Where-Object Status -eq 'running' | Suspend-AuraInstance -WhatIf | Should -BeNullOrEmpty
        @(Get-ApiLog | Where-Object method -ne 'GET').Count | Should -Be 0
    }

    It 'Get-AuraSnapshot -InstanceId $id -Latest -Exportable | Restore-AuraSnapshot -TargetInstanceId $staging -Force -Wait' {
        $id = 'd4e5f6a7'; $staging = 'b2c3d4e5'   # the target may not be smaller than the source
        $latest = Get-AuraSnapshot -InstanceId $id -Latest -Exportable
        Clear-AuraEmulatorRequestLog $emu
        $result = Get-AuraSnapshot -InstanceId $id -Latest -Exportable | Restore-AuraSnapshot -TargetInstanceId $staging -Force -Wait -TimeoutSec 60
        $result.Id | Should -Be $staging
        $result.Status | Should -Be 'running'
        $overwrite = @(Get-ApiLog | Where-Object { $_.method -eq 'POST' -and $_.path -eq "/v1/instances/$staging/overwrite" })
        $overwrite.Count | Should -Be 1
        $latest.SnapshotId | Should -Not -BeNullOrEmpty
    }

    It 'Get-AuraSnapshot -InstanceId $id -Since (Get-Date).AddDays(-3) -Profile Scheduled: one request per day, oldest first, output newest first' {
        Clear-AuraEmulatorRequestLog $emu
        $since = (Get-Date).AddDays(-3)
        $snapshots = Get-AuraSnapshot -InstanceId 'c3d4e5f6' -Since $since -Profile Scheduled
        $requests = @(Get-ApiLog | Where-Object { $_.path -like '/v1/instances/c3d4e5f6/snapshots*' })
        $requests.Count | Should -Be 4   # three days ago, two days ago, yesterday, today
        $requests[0].query | Should -Be "?date=$($since.ToUniversalTime().ToString('yyyy-MM-dd'))"
        $requests[-1].query | Should -BeNullOrEmpty   # today: no date
        $snapshots.Count | Should -BeGreaterOrEqual 3   # daily snapshots at 02:15 UTC
        $snapshots.Profile | Sort-Object -Unique | Should -Be 'Scheduled'
        $snapshots | ForEach-Object { $_.Timestamp | Should -BeGreaterOrEqual ([DateTimeOffset]$since) }
        for ($i = 1; $i -lt $snapshots.Count; $i++) { $snapshots[$i - 1].Timestamp | Should -BeGreaterOrEqual $snapshots[$i].Timestamp }
    }
}

Describe 'Get-AuraSnapshot filters' {
    BeforeAll {
        Reset-Emulator
        # A whole day, whatever the time of day the suite runs (just after midnight UTC today holds next to nothing):
        # yesterday of b2c3d4e5 (Business Critical) has hourly differentials, the daily full snapshot and an on-demand one.
        $script:day = [DateTime]::UtcNow.Date.AddDays(-1)
        $script:all = @(Get-AuraSnapshot -InstanceId 'b2c3d4e5' -Date $day)
    }

    It 'lists a day''s snapshots newest first as Neo4jAura.AuraSnapshot with DateTimeOffset timestamps' {
        $all.Count | Should -BeGreaterThan 2
        $all[0].PSObject.TypeNames[0] | Should -Be 'Neo4jAura.AuraSnapshot'
        $all[0].Timestamp | Should -BeOfType [DateTimeOffset]
        for ($i = 1; $i -lt $all.Count; $i++) { $all[$i - 1].Timestamp | Should -BeGreaterOrEqual $all[$i].Timestamp }
        $all | ForEach-Object { $_.Timestamp.UtcDateTime.Date | Should -Be $day }
        @($all.Profile | Sort-Object -Unique) | Should -Be @('AdHoc', 'Scheduled')
        ($all | Format-Table | Out-String -Width 200) | Should -Match 'SnapshotId\s+InstanceId\s+Profile\s+Status\s+Timestamp\s+Exportable'
    }

    It 'lists today''s snapshots without a day parameter, in one request' {
        Clear-AuraEmulatorRequestLog $emu
        $today = @(Get-AuraSnapshot -InstanceId 'a1b2c3d4')
        $today.Count | Should -BeGreaterThan 0   # the seed takes an on-demand snapshot of a1b2c3d4 earlier today
        $today | ForEach-Object { $_.Timestamp.UtcDateTime.Date | Should -Be ([DateTime]::UtcNow.Date) }
        $log = @(Get-ApiLog)
        $log.Count | Should -Be 1
        "$($log[0].query)" | Should -BeIn @('', "?date=$([DateTime]::UtcNow.ToString('yyyy-MM-dd'))")
    }

    It '-Latest is the newest after the other filters; -Status, -Profile, -Exportable and -Since filter' {
        (Get-AuraSnapshot -InstanceId 'b2c3d4e5' -Date $day -Latest).SnapshotId | Should -Be $all[0].SnapshotId
        $null = Invoke-AuraEmulatorControl $emu -Method Post -Path "/_emulator/instances/b2c3d4e5/snapshots/$($all[0].SnapshotId)/status" -Body @{ status = 'Failed' }
        (Get-AuraSnapshot -InstanceId 'b2c3d4e5' -Date $day -Status Completed -Latest).SnapshotId | Should -Be ($all | Select-Object -Skip 1 | Where-Object Status -eq 'Completed' | Select-Object -First 1).SnapshotId
        (Get-AuraSnapshot -InstanceId 'b2c3d4e5' -Date $day -Status failed).SnapshotId | Should -Contain $all[0].SnapshotId
        $exportable = @(Get-AuraSnapshot -InstanceId 'b2c3d4e5' -Date $day | Where-Object Exportable)
        $exportable.Count | Should -BeGreaterThan 0
        (Get-AuraSnapshot -InstanceId 'b2c3d4e5' -Date $day -Exportable).SnapshotId | Should -Be $exportable.SnapshotId
        (Get-AuraSnapshot -InstanceId 'b2c3d4e5' -Date $day -Exportable -Latest).SnapshotId | Should -Be $exportable[0].SnapshotId
        (Get-AuraSnapshot -InstanceId 'b2c3d4e5' -Date $day -Profile AdHoc).SnapshotId | Should -Be @($all | Where-Object Profile -eq 'AdHoc').SnapshotId
        # -Since: every day from that time's day to today.
        $expected = @(@($all | Where-Object Timestamp -ge $all[1].Timestamp).SnapshotId) + @((Get-AuraSnapshot -InstanceId 'b2c3d4e5').SnapshotId)
        @((Get-AuraSnapshot -InstanceId 'b2c3d4e5' -Since $all[1].Timestamp).SnapshotId | Sort-Object) | Should -Be @($expected | Sort-Object)
        Get-AuraSnapshot -InstanceId 'b2c3d4e5' -Since ([DateTimeOffset]::UtcNow.AddDays(1)) | Should -BeNullOrEmpty
        (Get-AuraSnapshot -InstanceId 'b2c3d4e5' -SnapshotId $all[2].SnapshotId).SnapshotId | Should -Be $all[2].SnapshotId
        (Get-AuraInstance -InstanceId 'b2c3d4e5' | Get-AuraSnapshot -Latest -Status Completed).InstanceId | Should -Be 'b2c3d4e5'
    }

    It '-Date lists another day; -Latest looks back day by day and stops at the first day with a match' {
        $yesterday = [DateTime]::UtcNow.Date.AddDays(-1)
        $old = @(Get-AuraSnapshot -InstanceId 'a1b2c3d4' -Date $yesterday)
        $old.Count | Should -BeGreaterThan 0
        $old | ForEach-Object { $_.Timestamp.UtcDateTime.Date | Should -Be $yesterday }
        # d4e5f6a7 (Professional) has one scheduled snapshot a day, at 02:15 UTC: a Failed-only filter finds none today.
        Clear-AuraEmulatorRequestLog $emu
        Get-AuraSnapshot -InstanceId 'd4e5f6a7' -Latest -Status Cancelled | Should -BeNullOrEmpty
        @(Get-ApiLog).Count | Should -Be 30   # looked back 30 days, one request a day
        Clear-AuraEmulatorRequestLog $emu
        $found = Get-AuraSnapshot -InstanceId 'd4e5f6a7' -Latest -Profile Scheduled -Exportable
        $found | Should -Not -BeNullOrEmpty
        @(Get-ApiLog).Count | Should -BeLessOrEqual 2   # today, or yesterday before 02:15 UTC
    }
}

Describe 'Waiting for snapshots' {
    BeforeEach { Reset-Emulator }

    It 'Wait-AuraSnapshot returns the snapshot once Completed' {
        $snapshot = New-AuraSnapshot -InstanceId 'a1b2c3d4'
        $snapshot.Status | Should -Not -Be 'Completed'
        $done = $snapshot | Wait-AuraSnapshot -TimeoutSec 30
        $done.Status | Should -Be 'Completed'
        $done.SnapshotId | Should -Be $snapshot.SnapshotId
    }

    It 'Wait-AuraSnapshot gives AuraSnapshotFailed with the snapshot as TargetObject' {
        $null = Invoke-AuraEmulatorControl $emu -Method Post -Path '/_emulator/settings' -Body @{ fail_next_snapshots = 1 }
        $snapshot = New-AuraSnapshot -InstanceId 'a1b2c3d4'
        Wait-AuraSnapshot -InstanceId 'a1b2c3d4' -SnapshotId $snapshot.SnapshotId -TimeoutSec 30 -ErrorVariable errs -ErrorAction SilentlyContinue |
            Should -BeNullOrEmpty
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'AuraSnapshotFailed*'
        $errs[0].TargetObject.SnapshotId | Should -Be $snapshot.SnapshotId
        $errs[0].TargetObject.Status | Should -Be 'Failed'
        $errs[0].TargetObject.PSObject.TypeNames[0] | Should -Be 'Neo4jAura.AuraSnapshot'
    }

    It 'waits for many instances together: about the time of one, not the sum' {
        Clear-AuraEmulatorRequestLog $emu
        $one = New-AuraSnapshot -InstanceId 'a1b2c3d4' -Wait -TimeoutSec 60
        $one.Status | Should -Be 'Completed'
        $single = Get-LogSpanSeconds (Get-ApiLog)

        Clear-AuraEmulatorRequestLog $emu
        $many = 'a1b2c3d4', 'b2c3d4e5', 'c3d4e5f6', 'd4e5f6a7' | ForEach-Object { [pscustomobject]@{ Id = $_ } } | New-AuraSnapshot -Wait -TimeoutSec 60
        $many.Count | Should -Be 4
        $many.Status | Sort-Object -Unique | Should -Be 'Completed'
        $together = Get-LogSpanSeconds (Get-ApiLog)
        # Each snapshot takes 1.5 s: one after another would take about 4 x single (6 s or more); together they take
        # about one, plus up to a poll interval (1 s) and the POSTs.
        $together | Should -BeLessThan ($single + 2)
    }

    It 'gives every input item an output object or an error record' {
        $items = 'a1b2c3d4', 'ffffffff', 'e5f6a7b8', 'b2c3d4e5' | ForEach-Object { [pscustomobject]@{ Id = $_ } }   # ffffffff does not exist; e5f6a7b8 is paused
        $out = $items | New-AuraSnapshot -Wait -TimeoutSec 60 -ErrorVariable errs -ErrorAction SilentlyContinue
        ($out.Count + $errs.Count) | Should -Be 4
        $out.InstanceId | Sort-Object | Should -Be @('a1b2c3d4', 'b2c3d4e5')
        $errs.TargetObject | Sort-Object | Should -Be @('e5f6a7b8', 'ffffffff')
    }
}

Describe 'Restore-AuraSnapshot' {
    BeforeEach { Reset-Emulator }

    It 'sends nothing for an overwrite with -WhatIf, also with -Force' {
        $snapshot = Get-AuraSnapshot -InstanceId 'a1b2c3d4' -Latest -Exportable
        Clear-AuraEmulatorRequestLog $emu
        $snapshot | Restore-AuraSnapshot -TargetInstanceId 'd4e5f6a7' -WhatIf | Should -BeNullOrEmpty
        $snapshot | Restore-AuraSnapshot -TargetInstanceId 'd4e5f6a7' -Force -WhatIf | Should -BeNullOrEmpty
        Get-ApiLog | Should -BeNullOrEmpty
    }

    It 'names the target by name and id and says its data will be REPLACED' {
        $null = Get-AuraInstance   # the names are known from here on
        $snapshot = Get-AuraSnapshot -InstanceId 'a1b2c3d4' -Latest -Exportable
        # -WhatIf writes to the host; -Force -Verbose shows the same description as a verbose record.
        $verbose = $snapshot | Restore-AuraSnapshot -TargetInstanceId 'd4e5f6a7' -Force -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | Out-String
        $verbose | Should -Match 'staging-orders \(d4e5f6a7\)'
        $verbose | Should -Match 'REPLACED by snapshot .* of instance prod-orders \(a1b2c3d4\)'
    }

    It 'restores to a new instance with explicit settings checked against the tenant' {
        $snapshot = Get-AuraSnapshot -InstanceId 'b2c3d4e5' -Latest -Exportable
        $new = $snapshot | Restore-AuraSnapshot -Name 'restored-one' -Memory 8GB -Region 'eu-west-1' -Wait -TimeoutSec 60
        $new.Name | Should -Be 'restored-one'
        $new.Memory | Should -Be '8GB'
        $new.Region | Should -Be 'eu-west-1'
        $new.Status | Should -Be 'running'
        $snapshot | Restore-AuraSnapshot -Name 'restored-bad' -Region 'mars-1' -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'AuraInvalidArgument*'
    }
}

Describe 'Restore-AuraSnapshot: the three ways' {
    BeforeEach { Reset-Emulator }

    It 'refuses to make a new instance from a snapshot that is not exportable, before sending anything' {
        $differential = Get-AuraSnapshot -InstanceId 'a1b2c3d4' -Date ([DateTime]::UtcNow.Date.AddDays(-1)) -Profile Scheduled | Where-Object { -not $_.Exportable } | Select-Object -First 1
        $differential | Should -Not -BeNullOrEmpty
        Clear-AuraEmulatorRequestLog $emu
        $differential | Restore-AuraSnapshot -Name 'from-differential' -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'AuraSnapshotNotExportable*'
        $errs[0].Exception.Message | Should -Match 'not exportable'
        @(Get-ApiLog | Where-Object method -eq 'POST').Count | Should -Be 0
    }

    It 'clones to a new instance with POST /instances and the source ids, never the in-place restore' {
        $snapshot = Get-AuraSnapshot -InstanceId 'd4e5f6a7' -Latest -Exportable
        Clear-AuraEmulatorRequestLog $emu
        $new = $snapshot | Restore-AuraSnapshot -Name 'staging-copy' -Confirm:$false
        $new.Credential | Should -BeOfType [pscredential]
        $posts = @(Get-ApiLog | Where-Object method -eq 'POST')
        $posts.path | Should -Be @('/v1/instances')
        @(Get-ApiLog | Where-Object path -like '*/restore').Count | Should -Be 0
        $new.Type | Should -Be 'professional-db'
    }

    It 'restores in place only with -InPlace, asking at High impact, naming the instance whose data is replaced' {
        $snapshot = Get-AuraSnapshot -InstanceId 'd4e5f6a7' -Latest -Exportable
        Clear-AuraEmulatorRequestLog $emu
        $snapshot | Restore-AuraSnapshot -InPlace -WhatIf | Should -BeNullOrEmpty
        @(Get-ApiLog | Where-Object method -ne 'GET').Count | Should -Be 0
        # -WhatIf writes to the host; -Force -Verbose shows the same description as a verbose record.
        $all = $snapshot | Restore-AuraSnapshot -InPlace -Force -Wait -TimeoutSec 60 -Verbose 4>&1
        ($all | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | Out-String) | Should -Match 'staging-orders \(d4e5f6a7\) in place: its data will be REPLACED'
        $restored = $all | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }
        $restored.Id | Should -Be 'd4e5f6a7'
        $restored.Status | Should -Be 'running'
        @(Get-ApiLog | Where-Object { $_.method -eq 'POST' -and $_.path -eq "/v1/instances/d4e5f6a7/snapshots/$($snapshot.SnapshotId)/restore" }).Count | Should -Be 1
    }

    It 'refuses -TargetInstanceId equal to the snapshot''s own instance, pointing to -InPlace' {
        $snapshot = Get-AuraSnapshot -InstanceId 'd4e5f6a7' -Latest -Exportable
        $snapshot | Restore-AuraSnapshot -TargetInstanceId 'd4e5f6a7' -Force -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errs[0].Exception.Message | Should -Match '-InPlace'
    }
}
