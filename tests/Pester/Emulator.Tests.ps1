# The emulator driven the way a user without the module would: Invoke-RestMethod and Invoke-WebRequest.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Aura.TestHarness.psm1') -Force
    $script:emu = Start-AuraTestEmulator -TransitionSeconds 1 -SnapshotSeconds 1
    $script:api = "$($emu.BaseUri)/v1"

    function Invoke-Api {
        param([string] $Method = 'Get', [string] $Path, $Body, [string] $Token = $script:token)
        $params = @{ Method = $Method; Uri = "$script:api$Path"; Headers = @{ Authorization = "Bearer $Token" }; SkipHttpErrorCheck = $true; StatusCodeVariable = 'status' }
        if ($PSBoundParameters.ContainsKey('Body')) { $params.Body = ($Body | ConvertTo-Json -Depth 5); $params.ContentType = 'application/json' }
        $answer = Invoke-RestMethod @params
        [pscustomobject]@{ Status = $status; Body = $answer }
    }

    function Wait-Status {
        param([string] $Id, [string] $Status, [int] $TimeoutSec = 20)
        $deadline = (Get-Date).AddSeconds($TimeoutSec)
        do {
            $current = (Invoke-Api -Path "/instances/$Id").Body.data.status
            if ($current -eq $Status) { return $current }
            Start-Sleep -Milliseconds 250
        } while ((Get-Date) -lt $deadline)
        throw "Instance $Id is still '$current', not '$Status', after $TimeoutSec s."
    }

    $script:token = Get-AuraTestToken $emu
    # The list has id and name; the configurations (a flat list, one entry per offering) come with GET /tenants/{id}.
    $tenantId = (Invoke-Api -Path '/tenants').Body.data[0].id
    $script:tenant = (Invoke-Api -Path "/tenants/$tenantId").Body.data
    $config = $tenant.instance_configurations | Where-Object { $_.type -eq 'enterprise-db' -and $_.memory -eq '8GB' } | Select-Object -First 1
    $script:newInstance = @{
        name = 'pester-one'; tenant_id = $tenant.id; type = $config.type; region = $config.region; cloud_provider = $config.cloud_provider
        memory = $config.memory; storage = $config.storage; version = $config.version
    }
}

AfterAll { if ($script:emu) { Stop-AuraTestEmulator $script:emu } }

Describe 'Emulator: tokens' {
    It 'issues a bearer token for the client credentials' {
        $basic = [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes("$($emu.ClientId):$($emu.ClientSecret)"))
        $answer = Invoke-RestMethod -Method Post -Uri "$($emu.BaseUri)/oauth/token" -Headers @{ Authorization = "Basic $basic" } `
            -Body 'grant_type=client_credentials' -ContentType 'application/x-www-form-urlencoded'
        $answer.access_token | Should -Not -BeNullOrEmpty
        $answer.expires_in | Should -BeGreaterThan 0
        $answer.token_type | Should -Be 'bearer'
    }

    It 'answers 401 to a wrong secret' {
        $basic = [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes("$($emu.ClientId):wrong"))
        $r = Invoke-WebRequest -Method Post -Uri "$($emu.BaseUri)/oauth/token" -Headers @{ Authorization = "Basic $basic" } `
            -Body 'grant_type=client_credentials' -ContentType 'application/x-www-form-urlencoded' -SkipHttpErrorCheck
        $r.StatusCode | Should -Be 401
    }

    It 'answers 401 without a token and 403 once the token has expired' {
        (Invoke-Api -Path '/instances' -Token 'not-a-token').Status | Should -Be 401
        $old = Get-AuraTestToken $emu
        $null = Invoke-AuraEmulatorControl $emu -Method Post -Path '/_emulator/tokens/expire'
        (Invoke-Api -Path '/instances' -Token $old).Status | Should -Be 403
        $script:token = Get-AuraTestToken $emu
        (Invoke-Api -Path '/instances').Status | Should -Be 200
    }
}

Describe 'Emulator: instances' {
    It 'lists instance summaries with the API''s field names' {
        $list = (Invoke-Api -Path '/instances').Body.data
        $list.Count | Should -BeGreaterThan 0
        $list[0].PSObject.Properties.Name | Sort-Object | Should -Be @('cloud_provider', 'created_at', 'id', 'name', 'tenant_id')
    }

    It 'gives every field of an instance with GET /instances/{id}' {
        $one = (Invoke-Api -Path '/instances/a1b2c3d4').Body.data
        foreach ($field in 'id', 'name', 'status', 'connection_url', 'cloud_provider', 'tenant_id', 'memory', 'storage', 'region', 'type', 'created_at') {
            $one.PSObject.Properties.Name | Should -Contain $field
        }
        $one.PSObject.Properties.Name | Should -Not -Contain 'neo4j_version'
    }

    It 'filters by tenant' {
        $list = (Invoke-Api -Path "/instances?tenantId=$($tenant.id)").Body.data
        $list | ForEach-Object { $_.tenant_id | Should -Be $tenant.id }
    }

    It 'answers 404 with an error naming its reason for an unknown id' {
        $r = Invoke-Api -Path '/instances/ffffffff'
        $r.Status | Should -Be 404
        $r.Body.errors[0].message | Should -Not -BeNullOrEmpty
        $r.Body.errors[0].reason | Should -Be 'db-not-found'
    }

    It 'refuses a name over 30 characters, naming the field' {
        $body = $newInstance.Clone(); $body.name = 'x' * 31
        $r = Invoke-Api -Method Post -Path '/instances' -Body $body
        $r.Status | Should -Be 400
        $r.Body.errors.field | Should -Contain 'name'
    }

    It 'refuses memory not like 8GB' {
        $body = $newInstance.Clone(); $body.memory = '8 gigs'
        $r = Invoke-Api -Method Post -Path '/instances' -Body $body
        $r.Status | Should -Be 400
        $r.Body.errors.field | Should -Contain 'memory'
    }

    It 'refuses a region the tenant does not offer' {
        $body = $newInstance.Clone(); $body.region = 'moon-1'
        $r = Invoke-Api -Method Post -Path '/instances' -Body $body
        $r.Status | Should -Be 400
        $r.Body.errors.field | Should -Contain 'region'
    }

    It 'refuses a POST without Content-Type application/json (415)' {
        $r = Invoke-WebRequest -Method Post -Uri "$api/instances/a1b2c3d4/pause" -Headers @{ Authorization = "Bearer $token" } -Body '{}' -ContentType 'text/plain' -SkipHttpErrorCheck
        $r.StatusCode | Should -Be 415
    }

    It 'creates (202 with the one-time password, no status), then moves creating -> running -> paused -> running -> gone' {
        $r = Invoke-Api -Method Post -Path '/instances' -Body $newInstance
        $r.Status | Should -Be 202
        $r.Body.data.password | Should -Not -BeNullOrEmpty
        $r.Body.data.PSObject.Properties.Name | Should -Not -Contain 'status'
        $id = $r.Body.data.id
        (Invoke-Api -Path "/instances/$id").Body.data.status | Should -Be 'creating'
        (Invoke-Api -Method Post -Path "/instances/$id/pause" -Body @{}).Status | Should -Be 409  # another operation runs
        Wait-Status $id 'running'

        (Invoke-Api -Method Post -Path "/instances/$id/resume" -Body @{}).Status | Should -Be 409  # resume a running one
        $paused = Invoke-Api -Method Post -Path "/instances/$id/pause" -Body @{}
        $paused.Status | Should -Be 202
        $paused.Body.data.status | Should -Be 'pausing'
        Wait-Status $id 'paused'
        (Invoke-Api -Method Post -Path "/instances/$id/snapshots" -Body @{}).Status | Should -Be 409  # snapshot a paused one
        (Invoke-Api -Method Post -Path "/instances/$id/resume" -Body @{}).Body.data.status | Should -Be 'resuming'
        Wait-Status $id 'running'

        $renamed = Invoke-Api -Method Patch -Path "/instances/$id" -Body @{ name = 'pester-renamed' }
        $renamed.Status | Should -Be 200
        $renamed.Body.data.name | Should -Be 'pester-renamed'
        $resized = Invoke-Api -Method Patch -Path "/instances/$id" -Body @{ memory = '16GB'; storage = '32GB' }
        $resized.Status | Should -Be 202
        @($resized.Body.PSObject.Properties).Count | Should -Be 0   # an empty object
        (Invoke-Api -Path "/instances/$id").Body.data.status | Should -Be 'updating'
        Wait-Status $id 'running'
        (Invoke-Api -Path "/instances/$id").Body.data.memory | Should -Be '16GB'

        $deleted = Invoke-Api -Method Delete -Path "/instances/$id"
        $deleted.Status | Should -Be 202
        $deleted.Body.data.status | Should -Be 'destroying'
        $deadline = (Get-Date).AddSeconds(20)
        while ((Invoke-Api -Path "/instances/$id").Status -ne 404 -and (Get-Date) -lt $deadline) { Start-Sleep -Milliseconds 250 }
        (Invoke-Api -Path "/instances/$id").Status | Should -Be 404
    }
}

Describe 'Emulator: snapshots' {
    BeforeAll {
        $script:source = (Invoke-Api -Path '/instances/a1b2c3d4').Body.data
    }

    It 'takes a snapshot (202 with only its id) that goes to Completed, AdHoc and exportable' {
        $r = Invoke-Api -Method Post -Path "/instances/$($source.id)/snapshots" -Body @{}
        $r.Status | Should -Be 202
        $r.Body.data.PSObject.Properties.Name | Should -Be @('snapshot_id')
        $sid = $r.Body.data.snapshot_id
        $deadline = (Get-Date).AddSeconds(20)
        do { $s = (Invoke-Api -Path "/instances/$($source.id)/snapshots/$sid").Body.data; Start-Sleep -Milliseconds 250 }
        while ($s.status -ne 'Completed' -and (Get-Date) -lt $deadline)
        $s.status | Should -Be 'Completed'
        $s.profile | Should -Be 'AdHoc'
        $s.exportable | Should -BeTrue
        $script:snapshotId = $sid
    }

    It 'lists one day per request: today by default, ?date= for another day' {
        $today = (Invoke-Api -Path "/instances/$($source.id)/snapshots").Body.data
        $today.snapshot_id | Should -Contain $snapshotId
        $yesterday = [DateTime]::UtcNow.Date.AddDays(-1).ToString('yyyy-MM-dd')
        $old = (Invoke-Api -Path "/instances/$($source.id)/snapshots?date=$yesterday").Body.data
        $old.Count | Should -BeGreaterThan 0
        # Invoke-RestMethod turns the timestamps into DateTime values.
        $old | ForEach-Object { ([datetime]$_.timestamp).ToUniversalTime().ToString('yyyy-MM-dd') | Should -Be $yesterday }
        $old.profile | Sort-Object -Unique | Should -Be @('Scheduled')
        (Invoke-Api -Path "/instances/$($source.id)/snapshots?date=yesterday").Status | Should -Be 400
    }

    It 'fails a snapshot when told to' {
        $null = Invoke-AuraEmulatorControl $emu -Method Post -Path '/_emulator/settings' -Body @{ fail_next_snapshots = 1 }
        $sid = (Invoke-Api -Method Post -Path "/instances/$($source.id)/snapshots" -Body @{}).Body.data.snapshot_id
        $deadline = (Get-Date).AddSeconds(20)
        do { $s = (Invoke-Api -Path "/instances/$($source.id)/snapshots/$sid").Body.data; Start-Sleep -Milliseconds 250 }
        while ($s.status -in 'Pending', 'InProgress' -and (Get-Date) -lt $deadline)
        $s.status | Should -Be 'Failed'
    }

    It 'clones an exportable snapshot to a new instance (POST /instances, 202 with a password)' {
        $body = @{ name = 'pester-restored'; tenant_id = $source.tenant_id; type = $source.type; region = $source.region; cloud_provider = $source.cloud_provider
            memory = $source.memory; storage = $source.storage; version = '5'; source_instance_id = $source.id; source_snapshot_id = $snapshotId }
        $r = Invoke-Api -Method Post -Path '/instances' -Body $body
        $r.Status | Should -Be 202
        $r.Body.data.password | Should -Not -BeNullOrEmpty
        Wait-Status $r.Body.data.id 'running'
    }

    It 'restores an instance in place from one of its own snapshots (202, restoring)' {
        $r = Invoke-Api -Method Post -Path "/instances/$($source.id)/snapshots/$snapshotId/restore" -Body @{}
        $r.Status | Should -Be 202
        $r.Body.data.id | Should -Be $source.id
        $r.Body.data.status | Should -Be 'restoring'
        Wait-Status $source.id 'running'
    }

    It 'overwrites another instance from a snapshot of the source (202, overwriting)' {
        $r = Invoke-Api -Method Post -Path '/instances/b2c3d4e5/overwrite' -Body @{ source_instance_id = $source.id; source_snapshot_id = $snapshotId }
        $r.Status | Should -Be 202
        $r.Body.data.status | Should -Be 'overwriting'
        Wait-Status 'b2c3d4e5' 'running'
    }
}

Describe 'Emulator: limits, faults and the control endpoint' {
    AfterEach {
        $null = Invoke-AuraEmulatorControl $emu -Method Delete -Path '/_emulator/faults'
        $null = Invoke-AuraEmulatorControl $emu -Method Post -Path '/_emulator/settings' -Body @{ rate_limit_per_minute = 125 }
    }

    It 'answers 429 with Retry-After past the rate limit' {
        $null = Invoke-AuraEmulatorControl $emu -Method Post -Path '/_emulator/settings' -Body @{ rate_limit_per_minute = 3 }
        $codes = 1..5 | ForEach-Object {
            $r = Invoke-WebRequest -Uri "$api/tenants" -Headers @{ Authorization = "Bearer $token" } -SkipHttpErrorCheck
            [pscustomobject]@{ Code = $r.StatusCode; RetryAfter = $r.Headers['Retry-After'] }
        }
        $codes.Code | Should -Contain 429
        ($codes | Where-Object Code -eq 429 | Select-Object -First 1).RetryAfter | Should -Not -BeNullOrEmpty
    }

    It 'injects a 503 into the next matching request only' {
        $null = Invoke-AuraEmulatorControl $emu -Method Post -Path '/_emulator/faults' -Body @{ method = 'GET'; path = '/v1/tenants'; count = 1; kind = 'status'; status = 503 }
        (Invoke-Api -Path '/tenants').Status | Should -Be 503
        (Invoke-Api -Path '/tenants').Status | Should -Be 200
    }

    It 'keeps a request log without secrets' {
        $log = Get-AuraEmulatorRequestLog $emu
        $log.Count | Should -BeGreaterThan 0
        $text = $log | ConvertTo-Json -Depth 5
        $text | Should -Not -Match ([regex]::Escape($emu.ClientSecret))
        $text | Should -Not -Match ([regex]::Escape($token))
    }

    It 'holds a status set over the control endpoint (suspended)' {
        $id = ((Invoke-Api -Path '/instances').Body.data | Select-Object -First 1).id
        $null = Invoke-AuraEmulatorControl $emu -Method Post -Path "/_emulator/instances/$id/status" -Body @{ status = 'suspended' }
        (Invoke-Api -Path "/instances/$id").Body.data.status | Should -Be 'suspended'
    }

    It 'resets to the seed state' {
        $null = Invoke-AuraEmulatorControl $emu -Method Post -Path '/_emulator/reset'
        $script:token = Get-AuraTestToken $emu
        (Invoke-Api -Path '/instances').Body.data.name | Should -Not -Contain 'pester-restored'
    }
}
