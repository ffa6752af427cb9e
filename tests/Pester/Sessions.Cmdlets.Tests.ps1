# Graph analytics session cmdlets (Get-/New-/Remove-AuraGraphAnalyticsSession, Get-AuraGraphAnalyticsSessionSizing)
# and the session id completer, against the emulator (a session is Creating for the 1 s transition, then Ready).
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Aura.TestHarness.psm1') -Force
    Import-Module (Get-AuraTestModulePath) -Force
    $script:emu = Start-AuraTestSession
    $script:prodTenant = '5b7d3c9e-1f2a-4b6c-8d0e-3a4b5c6d7e8f'
    $script:devTenant = '9e8d7c6b-5a4f-4e3d-9c2b-1a0f9e8d7c6b'

    function Get-StateSessions { @((Invoke-AuraEmulatorControl $emu -Path '/_emulator/state').sessions | ForEach-Object { $_ }) }
}

AfterAll { Stop-AuraTestSession $script:emu }

Describe 'New-AuraGraphAnalyticsSession' {
    BeforeEach { Reset-Emulator }

    It 'creates a session attached to an instance (202, Creating) with -Ttl sent as the API''s duration' {
        Clear-AuraEmulatorRequestLog $emu
        $session = New-AuraGraphAnalyticsSession -Name 'pester-attached' -Memory 8GB -InstanceId 'a1b2c3d4' -Ttl (New-TimeSpan -Minutes 90)
        $session.PSObject.TypeNames[0] | Should -Be 'Neo4jAura.AuraGraphAnalyticsSession'
        $session.Id | Should -Match '^a1b2c3d4-[0-9a-z]{8}$'   # as in Aura's examples: the instance id and 8 characters
        $session.Name | Should -Be 'pester-attached'
        $session.Status | Should -Be 'Creating'
        $session.Memory | Should -Be '8GB'
        $session.InstanceId | Should -Be 'a1b2c3d4'
        $session.TenantId | Should -Be $prodTenant
        $session.CloudProvider | Should -Be 'gcp'
        $session.Region | Should -Be 'europe-west1'
        $session.Host | Should -Be "$($session.Id).sessions.neo4j.io"
        # Aura shows no ttl and expiry while a session is Creating (its 202 not even a status: the module reads it back).
        $session.Ttl | Should -BeNullOrEmpty
        $session.ExpiryDate | Should -BeNullOrEmpty
        $posts = @(Get-Changes)
        $posts.Count | Should -Be 1
        $posts[0].path | Should -Be '/v1/graph-analytics/sessions'
        $posts[0].status | Should -Be 202
        (Get-StateSessions | Where-Object id -eq $session.Id).ttl_seconds | Should -Be 5400
        @(Get-ApiLog | Where-Object { $_.method -eq 'GET' -and $_.path -eq "/v1/graph-analytics/sessions/$($session.Id)" }).Count | Should -Be 1
        Start-Sleep -Milliseconds 1100
        $ready = Get-AuraGraphAnalyticsSession -SessionId $session.Id
        $ready.Status | Should -Be 'Ready'
        $ready.Ttl | Should -Be ([TimeSpan]::FromMinutes(90))
        ($ready.ExpiryDate - $ready.CreatedAt) | Should -Be ([TimeSpan]::FromMinutes(90))
    }

    It 'creates a standalone session in a tenant (by name), cloud and region' {
        $session = New-AuraGraphAnalyticsSession -Name 'pester-standalone' -Memory 4GB -TenantId 'Acme Development' -CloudProvider aws -Region us-east-1
        $session.TenantId | Should -Be $devTenant
        $session.InstanceId | Should -BeNullOrEmpty
        $session.CloudProvider | Should -Be 'aws'
        $session.Region | Should -Be 'us-east-1'
        $session.Id | Should -Match '^s-[0-9a-f-]{15}$'   # a standalone session's id, as in Aura's examples
        Start-Sleep -Milliseconds 1100
        (Get-AuraGraphAnalyticsSession -SessionId $session.Id).Ttl | Should -Be ([TimeSpan]::FromHours(1))   # Aura's default
    }

    It 'gets the identical session back (200) without an error and without a second create' {
        $first = New-AuraGraphAnalyticsSession -Name 'pester-same' -Memory 8GB -InstanceId 'a1b2c3d4' -Ttl (New-TimeSpan -Minutes 30)
        Clear-AuraEmulatorRequestLog $emu
        $again = New-AuraGraphAnalyticsSession -Name 'pester-same' -Memory 8GB -InstanceId 'a1b2c3d4' -Ttl (New-TimeSpan -Minutes 30) -ErrorVariable errs -Verbose 4>&1
        $verbose = @($again | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message
        $session = $again | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }
        $errs | Should -BeNullOrEmpty
        $session.Id | Should -Be $first.Id
        $verbose | Should -Contain "Session 'pester-same' exists with these settings ($($first.Id)): using it."
        $posts = @(Get-Changes)
        $posts.Count | Should -Be 1
        $posts[0].status | Should -Be 200
        @(Get-StateSessions | Where-Object name -eq 'pester-same').Count | Should -Be 1
    }

    It 'reports a session of that name with other settings as AuraGraphAnalyticsSessionConflict (ResourceBusy), POST sent once' {
        $null = New-AuraGraphAnalyticsSession -Name 'pester-conflict' -Memory 8GB -InstanceId 'a1b2c3d4'
        Clear-AuraEmulatorRequestLog $emu
        New-AuraGraphAnalyticsSession -Name 'pester-conflict' -Memory 16GB -InstanceId 'a1b2c3d4' -ErrorVariable errs -ErrorAction SilentlyContinue |
            Should -BeNullOrEmpty
        $errs.Count | Should -Be 1
        ErrorIdOf $errs[0] | Should -Be 'AuraGraphAnalyticsSessionConflict'
        $errs[0].CategoryInfo.Category | Should -Be 'ResourceBusy'
        $errs[0].TargetObject | Should -Be 'pester-conflict'
        $errs[0].Exception.Message | Should -Match 'different parameters: Memory \(is: 8GB, requested: 16GB\)'
        $errs[0].ErrorDetails.RecommendedAction | Should -Match '-Name'
        $posts = @(Get-Changes)
        $posts.Count | Should -Be 1
        $posts[0].status | Should -Be 409
        $errs[0].Exception.Message | Should -Match ([regex]::Escape($posts[0].request_id))
    }

    It '-Wait polls until the session is Ready; piped requests wait together' {
        Clear-AuraEmulatorRequestLog $emu
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $ready = @(
            [pscustomobject]@{ Name = 'pester-wait-1'; Memory = '4GB'; InstanceId = 'a1b2c3d4' }
            [pscustomobject]@{ Name = 'pester-wait-2'; Memory = '4GB'; InstanceId = 'b2c3d4e5' }
        ) | New-AuraGraphAnalyticsSession -Wait -TimeoutSec 20
        $watch.Stop()
        $ready.Count | Should -Be 2
        $ready.Status | Sort-Object -Unique | Should -Be 'Ready'
        $ready.Name | Sort-Object | Should -Be @('pester-wait-1', 'pester-wait-2')
        $watch.Elapsed.TotalSeconds | Should -BeGreaterOrEqual 0.9
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 10
        @(Get-Changes).Count | Should -Be 2
    }

    It '-WhatIf sends nothing; -Confirm:$false creates' {
        Clear-AuraEmulatorRequestLog $emu
        New-AuraGraphAnalyticsSession -Name 'pester-whatif' -Memory 8GB -TenantId $prodTenant -CloudProvider gcp -Region europe-west1 -WhatIf | Should -BeNullOrEmpty
        Get-ApiLog | Should -BeNullOrEmpty
        (New-AuraGraphAnalyticsSession -Name 'pester-confirm' -Memory 8GB -TenantId $prodTenant -CloudProvider gcp -Region europe-west1 -Confirm:$false).Status |
            Should -Be 'Creating'
        @(Get-Changes).Count | Should -Be 1
    }

    It 'refuses a -Ttl out of range and a malformed memory before sending anything' {
        Clear-AuraEmulatorRequestLog $emu
        New-AuraGraphAnalyticsSession -Name 'pester-ttl' -Memory 8GB -InstanceId 'a1b2c3d4' -Ttl (New-TimeSpan -Days 8) -ErrorVariable errs -ErrorAction SilentlyContinue
        ErrorIdOf $errs[0] | Should -Be 'AuraInvalidArgument'
        $errs[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $errs[0].TargetObject | Should -Be 'pester-ttl'
        $errs[0].Exception.Message | Should -Match '-Ttl'
        New-AuraGraphAnalyticsSession -Name 'pester-ttl' -Memory 8GB -InstanceId 'a1b2c3d4' -Ttl ([TimeSpan]::Zero) -ErrorVariable errs2 -ErrorAction SilentlyContinue
        ErrorIdOf $errs2[0] | Should -Be 'AuraInvalidArgument'
        New-AuraGraphAnalyticsSession -Name 'pester-mem' -Memory 'lots' -InstanceId 'a1b2c3d4' -ErrorVariable errs3 -ErrorAction SilentlyContinue
        ErrorIdOf $errs3[0] | Should -Be 'AuraInvalidArgument'
        Get-ApiLog | Should -BeNullOrEmpty
    }

    It 'reports the API''s refusal to attach to a paused instance with the field, POST sent once' {
        Clear-AuraEmulatorRequestLog $emu
        New-AuraGraphAnalyticsSession -Name 'pester-paused' -Memory 8GB -InstanceId 'e5f6a7b8' -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        ErrorIdOf $errs[0] | Should -Be 'AuraBadRequest'
        $errs[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $errs[0].Exception.Message | Should -Match 'instance_id: .*paused'
        @(Get-Changes).Count | Should -Be 1
    }
}

Describe 'Get-AuraGraphAnalyticsSession' {
    BeforeAll {
        Reset-Emulator
        $script:attached = New-AuraGraphAnalyticsSession -Name 'pester-get-a' -Memory 8GB -InstanceId 'a1b2c3d4'
        $script:standalone = New-AuraGraphAnalyticsSession -Name 'pester-get-b' -Memory 4GB -TenantId $devTenant -CloudProvider gcp -Region europe-west1
    }

    It 'lists every session, and filters by instance and by tenant' {
        Clear-AuraEmulatorRequestLog $emu
        (Get-AuraGraphAnalyticsSession).Id | Sort-Object | Should -Be (@($attached.Id, $standalone.Id) | Sort-Object)
        (Get-AuraGraphAnalyticsSession -InstanceId 'a1b2c3d4').Id | Should -Be $attached.Id
        (Get-AuraGraphAnalyticsSession -TenantId $devTenant).Id | Should -Be $standalone.Id
        (Get-AuraGraphAnalyticsSession -TenantId 'Acme Production').Id | Should -Be $attached.Id
        @(Get-ApiLog | Where-Object path -eq '/v1/graph-analytics/sessions').Count | Should -Be 4
    }

    It 'gets sessions by id (alias -Id, pipeline), Ready after the transition' {
        Start-Sleep -Milliseconds 1100
        $got = Get-AuraGraphAnalyticsSession -SessionId $attached.Id
        $got.Status | Should -Be 'Ready'
        $got.Name | Should -Be 'pester-get-a'
        $got.UserId | Should -Match '^[0-9a-f]{8}-[0-9a-f]{4}-'
        (Get-AuraGraphAnalyticsSession -Id $standalone.Id).Memory | Should -Be '4GB'
        ($attached | Get-AuraGraphAnalyticsSession).Id | Should -Be $attached.Id
    }

    It 'lists the sessions of instances piped in (an instance''s Id is not taken for a session id); strings are session ids' {
        Clear-AuraEmulatorRequestLog $emu
        (Get-AuraInstance -InstanceId 'a1b2c3d4' | Get-AuraGraphAnalyticsSession).Id | Should -Be $attached.Id
        (Get-AuraInstance -Summary -Name 'prod-orders' | Get-AuraGraphAnalyticsSession).Id | Should -Be $attached.Id
        @(Get-AuraInstance -InstanceId 'b2c3d4e5' | Get-AuraGraphAnalyticsSession).Count | Should -Be 0
        $lists = @(Get-ApiLog | Where-Object path -eq '/v1/graph-analytics/sessions')
        $lists.Count | Should -Be 3
        $lists.query | Should -Be @('?instanceId=a1b2c3d4', '?instanceId=a1b2c3d4', '?instanceId=b2c3d4e5')
        @(Get-ApiLog | Where-Object path -like '/v1/graph-analytics/sessions/*') | Should -BeNullOrEmpty -Because 'no instance id is looked up as a session'
        ($attached.Id, $standalone.Id | Get-AuraGraphAnalyticsSession).Name | Should -Be @('pester-get-a', 'pester-get-b')
    }

    It 'attaches a session to each instance piped into New-AuraGraphAnalyticsSession' {
        $made = Get-AuraInstance -InstanceId 'b2c3d4e5' | New-AuraGraphAnalyticsSession -Name 'pester-piped' -Memory 4GB
        $made.InstanceId | Should -Be 'b2c3d4e5'
        $made.Name | Should -Be 'pester-piped'
        (Get-StateSessions | Where-Object name -eq 'pester-piped').instance_id | Should -Be 'b2c3d4e5'
        Remove-AuraGraphAnalyticsSession -SessionId $made.Id -Force
    }

    It 'reports an unknown id as AuraGraphAnalyticsSessionNotFound and goes on' {
        Clear-AuraEmulatorRequestLog $emu
        $out = Get-AuraGraphAnalyticsSession -SessionId 's-00000000-0000-0', $attached.Id -ErrorVariable errs -ErrorAction SilentlyContinue
        $out.Id | Should -Be $attached.Id
        ErrorIdOf $errs[0] | Should -Be 'AuraGraphAnalyticsSessionNotFound'
        $errs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $errs[0].TargetObject | Should -Be 's-00000000-0000-0'
        $missing = Get-ApiLog | Where-Object path -eq '/v1/graph-analytics/sessions/s-00000000-0000-0'
        $errs[0].Exception.Message | Should -Match ([regex]::Escape($missing.request_id))
    }
}

Describe 'Remove-AuraGraphAnalyticsSession' {
    BeforeEach { Reset-Emulator }

    It 'is High impact; -WhatIf (also with -Force) sends no DELETE' {
        (Get-Command Remove-AuraGraphAnalyticsSession).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0].ConfirmImpact |
            Should -Be 'High'
        $session = New-AuraGraphAnalyticsSession -Name 'pester-remove-whatif' -Memory 8GB -InstanceId 'a1b2c3d4'
        Clear-AuraEmulatorRequestLog $emu
        Remove-AuraGraphAnalyticsSession -SessionId $session.Id -WhatIf
        Remove-AuraGraphAnalyticsSession -SessionId $session.Id -WhatIf -Force
        Get-ApiLog | Should -BeNullOrEmpty
        (Get-StateSessions).id | Should -Contain $session.Id
    }

    It '-Force deletes with one DELETE (202) and outputs nothing; -Confirm:$false deletes piped sessions' {
        $one = New-AuraGraphAnalyticsSession -Name 'pester-remove-1' -Memory 8GB -InstanceId 'a1b2c3d4'
        $two = New-AuraGraphAnalyticsSession -Name 'pester-remove-2' -Memory 8GB -InstanceId 'b2c3d4e5'
        $three = New-AuraGraphAnalyticsSession -Name 'pester-remove-3' -Memory 8GB -InstanceId 'c3d4e5f6'
        Clear-AuraEmulatorRequestLog $emu
        Remove-AuraGraphAnalyticsSession -SessionId $one.Id -Force | Should -BeNullOrEmpty
        $two, $three | Remove-AuraGraphAnalyticsSession -Confirm:$false | Should -BeNullOrEmpty
        $deletes = @(Get-Changes)
        $deletes.method | Sort-Object -Unique | Should -Be 'DELETE'
        $deletes.status | Sort-Object -Unique | Should -Be 202
        $deletes.path | Sort-Object | Should -Be (@($one, $two, $three | ForEach-Object { "/v1/graph-analytics/sessions/$($_.Id)" }) | Sort-Object)
        Get-StateSessions | Should -BeNullOrEmpty
        Get-AuraGraphAnalyticsSession -SessionId $one.Id -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        ErrorIdOf $errs[0] | Should -Be 'AuraGraphAnalyticsSessionNotFound'
    }

    It 'reports an unknown session as AuraGraphAnalyticsSessionNotFound with the id as target' {
        Remove-AuraGraphAnalyticsSession -SessionId 's-ffffffff-ffff-f' -Force -ErrorVariable errs -ErrorAction SilentlyContinue
        ErrorIdOf $errs[0] | Should -Be 'AuraGraphAnalyticsSessionNotFound'
        $errs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $errs[0].TargetObject | Should -Be 's-ffffffff-ffff-f'
        @(Get-Changes).Count | Should -Be 1
    }
}

Describe 'Get-AuraGraphAnalyticsSessionSizing' {
    BeforeAll { Reset-Emulator }

    It 'sends every count and category: the emulator''s estimate depends on each' {
        Clear-AuraEmulatorRequestLog $emu
        $small = Get-AuraGraphAnalyticsSessionSizing -NodeCount 1000000 -RelationshipCount 5000000
        $small.PSObject.TypeNames[0] | Should -Be 'Neo4jAura.AuraGraphAnalyticsSessionSizing'
        "$($small.RecommendedSize)" | Should -Be '2GB'
        "$($small.EstimatedMemory)" | Should -Be '2GB'
        # (1e8 * (64 + 16*2 + 8*1) + 1e9 * (32 + 16*1)) bytes = 54.4 GiB, x2 for community-detection, +1: 110GB, next size 128GB.
        $large = Get-AuraGraphAnalyticsSessionSizing -NodeCount 100000000 -RelationshipCount 1000000000 -NodePropertyCount 2 -NodeLabelCount 1 `
            -RelationshipPropertyCount 1 -AlgorithmCategory 'community-detection'
        "$($large.EstimatedMemory)" | Should -Be '110GB'
        "$($large.RecommendedSize)" | Should -Be '128GB'
        $large.RecommendedSize.Gigabytes | Should -Be 128
        $large.RecommendedSize -gt $small.RecommendedSize | Should -BeTrue   # sizes compare by size
        $posts = @(Get-Changes)
        $posts.path | Sort-Object -Unique | Should -Be '/v1/graph-analytics/sessions/sizing'
        $posts.Count | Should -Be 2
    }

    It 'reports an unknown algorithm category as the API''s bad request, naming the field' {
        Get-AuraGraphAnalyticsSessionSizing -NodeCount 10 -RelationshipCount 10 -AlgorithmCategory 'astrology' -ErrorVariable errs -ErrorAction SilentlyContinue |
            Should -BeNullOrEmpty
        ErrorIdOf $errs[0] | Should -Be 'AuraBadRequest'
        $errs[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $errs[0].Exception.Message | Should -Match 'algorithm_categories'
    }
}

Describe 'Session completer and view' {
    BeforeAll { Reset-Emulator }

    It 'completes session ids by id or name from the session''s cache, without a request' {
        $session = New-AuraGraphAnalyticsSession -Name 'pester-complete-me' -Memory 8GB -InstanceId 'a1b2c3d4'
        Clear-AuraEmulatorRequestLog $emu
        $byName = Complete 'Remove-AuraGraphAnalyticsSession -SessionId pester-compl'
        $byName.CompletionText | Should -Be $session.Id
        $byName[0].ListItemText | Should -Be "$($session.Id) (pester-complete-me)"
        (Complete "Get-AuraGraphAnalyticsSession -Id '$($session.Id.Substring(0, 6))").CompletionText | Should -Contain $session.Id
        Get-ApiLog | Should -BeNullOrEmpty
        Remove-AuraGraphAnalyticsSession -SessionId $session.Id -Force
        (Complete 'Remove-AuraGraphAnalyticsSession -SessionId pester-compl').CompletionText | Should -BeNullOrEmpty
    }

    It 'shows sessions in a table that fits 120 columns without cutting a 30-character name' {
        $name = 'customer-churn-analytics-06-30'
        $name.Length | Should -Be 30
        $session = New-AuraGraphAnalyticsSession -Name $name -Memory 16GB -InstanceId 'b2c3d4e5'
        $text = ($session | Out-String -Width 120) -replace '\e\[[0-9;]*m', ''
        $lines = $text -split '\r?\n' | Where-Object { $_.Trim() }
        $lines[0] | Should -Match '^Name\s+Id\s+Status\s+Memory\s+InstanceId\s+ExpiryDate\s*$'
        $row = $lines | Where-Object { $_ -like "$name *" }
        $row | Should -Match ("^$name $([regex]::Escape($session.Id))\s+Creating\s+16GB b2c3d4e5\s*$")   # no expiry while Creating
        $text | Should -Not -Match '…'
        ($lines | ForEach-Object { $_.TrimEnd().Length } | Measure-Object -Maximum).Maximum | Should -BeLessOrEqual 120
    }
}
